"use client";
import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** false during server rendering and hydration, true after: for values only the browser knows (time zone, theme). */
export function useMounted(): boolean {
  return useSyncExternalStore(noop, () => true, () => false);
}
