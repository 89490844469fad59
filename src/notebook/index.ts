export * from "./display";
export * from "./cancel";
export * from "./exercise";
export * from "./comms";
