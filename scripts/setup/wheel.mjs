/**
 * The Python that takes libtensorflow out of a TensorFlow wheel (PyPI's tensorflow-cpu for the CPU build,
 * tensorflow for the GPU build): the two shared libraries into <out>/lib and the C API headers into <out>/include.
 * Run as `python -c EXTRACT_LIBTENSORFLOW_PY <wheel> <out>`.
 */
export const EXTRACT_LIBTENSORFLOW_PY = `
import sys, zipfile, os, shutil
wheel, out = sys.argv[1], sys.argv[2]
keep_inc = ("tensorflow/include/tensorflow/c/", "tensorflow/include/tensorflow/core/platform/",
            "tensorflow/include/tsl/platform/", "tensorflow/include/xla/tsl/c/")
libs = {"tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"}
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name in libs:
            dest = os.path.join(out, "lib", os.path.basename(name))
        elif name.startswith(keep_inc) and name.endswith(".h"):
            dest = os.path.join(out, "include", name[len("tensorflow/include/"):])
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(name) as src, open(dest, "wb") as dst:
            shutil.copyfileobj(src, dst)
`;
