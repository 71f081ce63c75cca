// Sections whose numbered lists are things to do and tick off, not background reading.
const CHECKLIST_TITLE = /escalat|prevent|harden|follow[- ]?up|action items?|checklist|post[- ]?incident|next steps|to[- ]?do/i;

export function isChecklistSection(title: string): boolean {
  return CHECKLIST_TITLE.test(title);
}
