export {};
export * from "./eps1d"; // 1-D ε-network (owned by the 1D library)
