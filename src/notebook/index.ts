export * from "./display";
export * from "./cancel";
