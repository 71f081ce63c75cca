"use client";

/** A labelled text input as the account forms use it: the label's words name the field. */
export function Field({
  label,
  value,
  onChange,
  type = "text",
  autoComplete,
  required = false,
  maxLength,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "email" | "password";
  autoComplete: string;
  required?: boolean;
  maxLength?: number;
}) {
  return (
    <label className="block text-sm">
      {label}
      <input
        type={type}
        required={required}
        autoComplete={autoComplete}
        maxLength={maxLength}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 min-h-11 w-full rounded border border-zinc-700 bg-zinc-950 px-3 py-2"
      />
    </label>
  );
}

/** What went wrong with the form, announced as it appears. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-red-300">
      {error}
    </p>
  );
}
