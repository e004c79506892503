/** A domain failure with a stable code; the API and the portal each map it to their own shape. */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    /** The input field it concerns, for forms. */
    public readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
