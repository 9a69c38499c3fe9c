/** Turning a zod failure into the one line a client is told, for every schema in shared/protocol. */
import type { z } from "zod";

/** One readable line for a zod failure: `dx: Invalid input`, naming the first bad field. */
export function describeIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { message: "invalid" };
  const field = issuePath(issue).join(".");
  return field ? { field, message: `${field}: ${issue.message}` } : { message: issue.message };
}

/** The path of the field at fault; for a key that is not allowed, the key itself. */
export function issuePath(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path;
}
