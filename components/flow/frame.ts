// Messages for @veriff/incontext-sdk's parent page: plain strings, as the SDK compares them.
export type VeriffMessage = "VERIFF_HANDSHAKE" | "VERIFF_STARTED" | "VERIFF_SUBMITTED" | "VERIFF_FINISHED" | "VERIFF_CANCELED";

export function isFramed(): boolean {
  try {
    return window.self !== window.top;
  } catch {
    return true;
  }
}

export function postToParent(message: VeriffMessage) {
  if (typeof window === "undefined" || !isFramed()) return;
  // The SDK does not check origins and the customer's origin is not known here: "*" is the only target.
  window.parent.postMessage(message, "*");
}
