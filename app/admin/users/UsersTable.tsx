"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/app/_trpc/client";
import { ROLES, type Role } from "@/server/shared/roles";
import type { AppRouter } from "@/server/trpc/root";

type Users = inferRouterOutputs<AppRouter>["users"]["list"];

/** Every account with its role (changeable) and a way to disable it; not one's own. */
export function UsersTable({ initial, me }: { initial: Users; me: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = trpc.users.list.queryOptions(undefined, { initialData: initial });
  const users = useQuery(list).data ?? initial;
  const refresh = () => queryClient.invalidateQueries({ queryKey: list.queryKey });
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh }));
  const disable = useMutation(trpc.users.disable.mutationOptions({ onSuccess: refresh }));
  const error = setRole.error ?? disable.error;
  return (
    <>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-300">
          {error.message}
        </p>
      )}
      <div className="mt-4 overflow-x-auto" role="region" aria-label="Accounts, scrolls sideways" tabIndex={0}>
        <table aria-label="Accounts" className="w-full text-sm">
          <thead className="text-left text-zinc-400">
            <tr>
              <th className="py-1">Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.email} className="border-t border-zinc-800">
                <td className="py-1.5">{u.email}</td>
                <td>{u.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role ?? "viewer"}
                    disabled={u.email === me || setRole.isPending}
                    onChange={(e) => setRole.mutate({ email: u.email, role: e.target.value as Role })}
                    className="rounded border border-zinc-700 bg-zinc-950 px-1 py-0.5"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="text-zinc-400">
                  {u.banned ? "disabled" : u.mustChangePassword ? "one-time password not changed yet" : "active"}
                </td>
                <td>
                  {!u.banned && u.email !== me && (
                    <button
                      type="button"
                      onClick={() => disable.mutate({ email: u.email })}
                      className="rounded border border-red-800 px-2 py-0.5 text-red-300 hover:bg-red-950"
                    >
                      Disable
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
