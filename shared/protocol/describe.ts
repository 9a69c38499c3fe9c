/** Turning a zod failure into the one line a client is told, for every schema in shared/protocol. */
import type { z } from "zod";

/** One readable line for a zod failure: `dx: Invalid input`, naming the first bad field. */
export function describeIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { message: "invalid" };
  const field = issue.path.map(String).join(".");
  return field ? { field, message: `${field}: ${issue.message}` } : { message: issue.message };
}
