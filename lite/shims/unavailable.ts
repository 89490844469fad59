/**
 * Node modules the browser kernel has no use for (fs, child_process, zlib, ...): importing one works, calling
 * anything in it throws an error that names the function and says why.
 */
function unavailable(name: string): never {
  throw new Error(`${name} is not available in the browser kernel (there is no file system or process here); run this lesson with the Node kernel (npm start) for it`);
}

const handler: ProxyHandler<Record<string, unknown>> = {
  get(target, prop) {
    if (prop === "__esModule") return false;
    if (prop === "default") return proxy;
    if (typeof prop === "symbol") return undefined;
    if (prop in target) return target[prop];
    // A plain function (it has a prototype: packages may subclass what they import, e.g. zlib.Inflate).
    return function notInBrowser(): never {
      return unavailable(`the Node function ${String(prop)}()`);
    };
  },
};

const proxy: Record<string, unknown> = new Proxy({ constants: {}, promises: {} }, handler);
export = proxy;
