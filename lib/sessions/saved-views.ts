import { prisma } from "../db/index.ts";
import { DomainError } from "../errors.ts";
import { listParamsToSearch, parseListParams } from "./list-params.ts";

export interface SavedViewRow {
  id: string;
  name: string;
  /** The list's canonical query string ("?status=submitted&assigned=me"), position left out. */
  search: string;
}

/** The user's saved views of All verifications, by name. */
export async function listSavedViews(userId: string): Promise<SavedViewRow[]> {
  const rows = await prisma().savedView.findMany({ where: { userId }, orderBy: { name: "asc" }, select: { id: true, name: true, query: true } });
  return rows.map((r) => ({ id: r.id, name: r.name, search: r.query }));
}

/** Saves the filter under a name (the same name again replaces it); the query is re-parsed, so only a valid filter is kept. */
export async function saveView(userId: string, input: { name: string; search: string }): Promise<SavedViewRow> {
  const p = parseListParams(new URLSearchParams(input.search.replace(/^\?/, "")));
  const query = listParamsToSearch({ ...p, cursor: undefined });
  if (!query) throw new DomainError("empty_view", "Choose a filter first: this view would show every session.", "name");
  const row = await prisma().savedView.upsert({
    where: { userId_name: { userId, name: input.name } },
    create: { userId, name: input.name, query },
    update: { query },
    select: { id: true, name: true, query: true },
  });
  return { id: row.id, name: row.name, search: row.query };
}

/** Deletes one of the user's own views (another user's id is "not found"). */
export async function deleteSavedView(userId: string, id: string): Promise<void> {
  const { count } = await prisma().savedView.deleteMany({ where: { id, userId } });
  if (!count) throw new DomainError("view_not_found", "That saved view does not exist any more.");
}
