/* eslint-disable */
/**
 * Generated `ComponentApi` utility, derived from the component's modules by scripts/codegen.mjs.
 * `npx convex dev` replaces it with the same types spelled out, which this script then keeps.
 * @module
 */
import type * as adapter from "../adapter.js";
import type * as generatedSchema from "../generatedSchema.js";

import type { ApiFromModules, FunctionReference } from "convex/server";

type AsSeenByParent<T> = {
  [K in keyof T]: T[K] extends FunctionReference<
    infer Type,
    any,
    infer Args,
    infer Returns
  >
    ? FunctionReference<Type, "internal", Args, Returns>
    : AsSeenByParent<T[K]>;
};

export type ComponentApi<Name extends string | undefined = string | undefined> =
  AsSeenByParent<
    ApiFromModules<{
      adapter: typeof adapter;
      generatedSchema: typeof generatedSchema;
    }>
  >;
