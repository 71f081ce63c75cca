import "server-only";
import { createContext } from "./init";
import { createCaller } from "./root";

/** For React Server Components: the same procedures, validation and errors as over HTTP. */
export function serverCaller() {
  return createCaller(createContext());
}
