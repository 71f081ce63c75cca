/** An error whose message is written for the person at the keyboard; tRPC maps the code. */
export class AppError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT" | "PRECONDITION_FAILED" | "FORBIDDEN",
    message: string,
  ) {
    super(message);
  }
}
