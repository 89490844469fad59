/**
 * `stream` for the browser bundles: pngjs's PNG class is a Node stream, though the library only uses its
 * synchronous encoder (PNG.sync.write). This base class lets those objects be built; piping is not available.
 */
type Listener = (...args: unknown[]) => void;

function Stream(this: { _listeners?: Map<string, Listener[]> }): void {
  this._listeners = new Map();
}
Stream.prototype.on = function (this: { _listeners?: Map<string, Listener[]> }, name: string, fn: Listener) {
  const map = (this._listeners ??= new Map());
  map.set(name, [...(map.get(name) ?? []), fn]);
  return this;
};
Stream.prototype.once = Stream.prototype.on;
Stream.prototype.addListener = Stream.prototype.on;
Stream.prototype.removeListener = function (this: { _listeners?: Map<string, Listener[]> }, name: string, fn: Listener) {
  this._listeners?.set(name, (this._listeners.get(name) ?? []).filter((f) => f !== fn));
  return this;
};
Stream.prototype.removeAllListeners = function (this: { _listeners?: Map<string, Listener[]> }) {
  this._listeners?.clear();
  return this;
};
Stream.prototype.emit = function (this: { _listeners?: Map<string, Listener[]> }, name: string, ...args: unknown[]) {
  const fns = this._listeners?.get(name) ?? [];
  for (const f of fns) f.apply(this, args);
  return fns.length > 0;
};
Stream.prototype.pipe = function (): never {
  throw new Error("streams are not available in the browser kernel (pngjs's synchronous PNG.sync works)");
};

const StreamModule = Object.assign(Stream, { Stream, Readable: Stream, Writable: Stream, Transform: Stream, Duplex: Stream, PassThrough: Stream });
export = StreamModule;
