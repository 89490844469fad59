/**
 * Every DL4DS_* environment variable the project reads, in one table: its type, default, what it does, who reads it,
 * and whether it may pass from the grader's environment into a graded kernel (`sandboxEnvironment`).
 * TypeScript code reads them through `config` (index.ts); the scripts, the kernel launcher, the notebook runner and
 * the lessons that cannot import this module are listed here too, with the file that reads them.
 * docs/configuration.md describes them for users; tests/config/settings.test.ts checks this table covers every
 * DL4DS_ name in the code and the docs.
 */
import { filePath, integer, Kind, oneOf, onOff, positiveNumber, text } from "./kinds";

/** Who sets a variable. */
export type Audience = "user" | "instructor" | "grader" | "setup" | "tests" | "internal";

/** One environment variable. */
export interface Setting<T> {
  name: `DL4DS_${string}`;
  kind: Kind<T>;
  /** The value when the variable is unset or blank. */
  fallback: T;
  /** The default as the docs say it. */
  defaultText: string;
  /** What it does. */
  description: string;
  /** Who sets it: a user or instructor in their shell, the grader for its kernels, set-up, tests, or the project itself. */
  audience: Audience;
  /** The files that read it. */
  readBy: string[];
  /** True when the grader may copy it from its own environment into a graded kernel's environment. */
  sandboxEnvironment: boolean;
}

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

/** The table, keyed by the property name `config` gives each variable. */
export const SETTINGS = {
  seed: setting<number | undefined>({
    name: "DL4DS_SEED", kind: integer, fallback: undefined, defaultText: "unset: 20231205 (DEFAULT_SEED)",
    description: "The seed a notebook uses when it does not pick one; `dl4ds run --seed` and `dl4ds grade --seed` set it for their kernels.",
    audience: "user", readBy: ["src/random/seed.ts"], sandboxEnvironment: false,
  }),
  device: setting<"cpu" | "gpu">({
    name: "DL4DS_DEVICE", kind: oneOf("cpu", "gpu"), fallback: "cpu", defaultText: "cpu",
    description: "gpu loads the GPU build of TensorFlow (@tensorflow/tfjs-node-gpu) and makes `npm run setup` install it; cpu the CPU build.",
    audience: "user", readBy: ["src/backend/tf.ts", "scripts/setup.mjs", "tests/gpu/"], sandboxEnvironment: true,
  }),
  allowJsBackend: setting<boolean>({
    name: "DL4DS_ALLOW_JS_BACKEND", kind: onOff, fallback: false, defaultText: "0",
    description: "1: no warning when native TensorFlow does not load and the (30-100x slower) pure-JavaScript backend runs instead.",
    audience: "user", readBy: ["src/backend/tf.ts"], sandboxEnvironment: true,
  }),
  fontFile: setting<string | undefined>({
    name: "DL4DS_FONT_FILE", kind: filePath, fallback: undefined, defaultText: "unset: DejaVu Sans, else the system fonts",
    description: "A .ttf/.otf file for the text in PNG figures.",
    audience: "user", readBy: ["src/figures/render/rasterize.ts"], sandboxEnvironment: false,
  }),
  datasets: setting<string | undefined>({
    name: "DL4DS_DATASETS", kind: filePath, fallback: undefined, defaultText: "unset: <project>/datasets",
    description: "The folder the data loaders and the shipped weights are read from.",
    audience: "user", readBy: ["src/data/paths.ts"], sandboxEnvironment: false,
  }),
  retrain: setting<boolean>({
    name: "DL4DS_RETRAIN", kind: onOff, fallback: false, defaultText: "0",
    description: "1: the latent-diffusion lessons train their models from scratch instead of loading the shipped weights.",
    audience: "user", readBy: ["scripts/notebooks/latent/*.nb.txt (the lessons)"], sandboxEnvironment: false,
  }),
  systemJupyter: setting<boolean>({
    name: "DL4DS_SYSTEM_JUPYTER", kind: onOff, fallback: false, defaultText: "0",
    description: "1: use the Jupyter on PATH instead of the project's .venv (same as --system-jupyter); set-up then leaves Python alone.",
    audience: "user", readBy: ["src/cli/paths.ts", "scripts/setup.mjs"], sandboxEnvironment: false,
  }),
  labToken: setting<string | undefined>({
    name: "DL4DS_LAB_TOKEN", kind: text, fallback: undefined, defaultText: "unset: a fresh random token",
    description: "The token `dl4ds lab` gives JupyterLab (the browser tests choose their own).",
    audience: "user", readBy: ["src/cli/commands/lab.ts"], sandboxEnvironment: false,
  }),
  kernelSnapshot: setting<boolean>({
    name: "DL4DS_KERNEL_SNAPSHOT", kind: onOff, fallback: true, defaultText: "1",
    description: "0: the kernel starts without its start-up snapshot (slower) and none is built.",
    audience: "user", readBy: ["src/kernel/kernelspec.ts (the launcher, in sh)", "src/kernel/snapshot/blob.ts"], sandboxEnvironment: true,
  }),
  python: setting<string | undefined>({
    name: "DL4DS_PYTHON", kind: filePath, fallback: undefined, defaultText: "unset: <project>/.venv/bin/python",
    description: "The Python (with jupyter_client, nbclient, nbgrader) the grading tools run notebooks with.",
    audience: "instructor", readBy: ["src/grading/paths.ts"], sandboxEnvironment: false,
  }),
  gradescopeHome: setting<string | undefined>({
    name: "DL4DS_HOME", kind: filePath, fallback: undefined, defaultText: "unset: $GRADESCOPE_ROOT/source/dl4ds",
    description: "Where the project lives inside a Gradescope autograder.",
    audience: "instructor", readBy: ["run_autograder (written by src/grading/gradescope/package.ts)"], sandboxEnvironment: false,
  }),
  gradescopeMemoryMb: setting<number>({
    name: "DL4DS_GRADESCOPE_MEMORY_MB", kind: positiveNumber, fallback: 512, defaultText: "512",
    description: "The kernel's heap limit in MiB on Gradescope (sized for its default 768 MB container).",
    audience: "instructor", readBy: ["src/grading/gradescope/runAutograder.ts"], sandboxEnvironment: false,
  }),
  gradescopeTimeoutS: setting<number>({
    name: "DL4DS_GRADESCOPE_TIMEOUT_S", kind: positiveNumber, fallback: 300, defaultText: "300",
    description: "Seconds each cell may run on Gradescope.",
    audience: "instructor", readBy: ["src/grading/gradescope/runAutograder.ts"], sandboxEnvironment: false,
  }),
  plMemoryMb: setting<number>({
    name: "DL4DS_PL_MEMORY_MB", kind: positiveNumber, fallback: 1024, defaultText: "1024",
    description: "The kernel's heap in the PrairieLearn grader (`src/grading/prairielearn/`).",
    audience: "instructor", readBy: ["src/grading/prairielearn/runGrader.ts"], sandboxEnvironment: false,
  }),
  plTimeoutS: setting<number>({
    name: "DL4DS_PL_TIMEOUT_S", kind: positiveNumber, fallback: 120, defaultText: "120",
    description: "Seconds each cell may run in the PrairieLearn grader.",
    audience: "instructor", readBy: ["src/grading/prairielearn/runGrader.ts"], sandboxEnvironment: false,
  }),
  project: setting<string | undefined>({
    name: "DL4DS_PROJECT", kind: filePath, fallback: undefined, defaultText: "unset: the folder the file lives in, three up",
    description: "Where the project lives, for nbgrader's configuration and its sandboxed autograder on a hub or in the container image.",
    audience: "instructor", readBy: ["hub/config/common/nbgrader_config.py", "src/grading/python/nbgrader_sandbox.py"], sandboxEnvironment: false,
  }),
  exchangeRoot: setting<string | undefined>({
    name: "DL4DS_EXCHANGE_ROOT", kind: filePath, fallback: undefined, defaultText: "unset: /srv/nbgrader/exchange",
    description: "nbgrader's exchange folder (release, submit, collect, feedback) on a hub.",
    audience: "instructor", readBy: ["hub/config/common/nbgrader_config.py"], sandboxEnvironment: false,
  }),
  courseId: setting<string>({
    name: "DL4DS_COURSE_ID", kind: text, fallback: "dl4ds", defaultText: "dl4ds",
    description: "nbgrader's course id (the exchange's folder for this course).",
    audience: "instructor", readBy: ["hub/config/common/nbgrader_config.py"], sandboxEnvironment: false,
  }),
  courseRoot: setting<string | undefined>({
    name: "DL4DS_COURSE_ROOT", kind: filePath, fallback: undefined, defaultText: "unset: the current folder",
    description: "nbgrader's course folder; the trial hub sets it to ~/course for instructors.",
    audience: "instructor", readBy: ["hub/config/common/nbgrader_config.py", "hub/jupyterhub_config.py"], sandboxEnvironment: false,
  }),
  studentId: setting<string | undefined>({
    name: "DL4DS_STUDENT_ID", kind: text, fallback: undefined, defaultText: "unset: the login name",
    description: "The student's nbgrader id; the trial hub sets it to the user's hub name.",
    audience: "internal", readBy: ["hub/config/common/nbgrader_config.py", "hub/jupyterhub_config.py"], sandboxEnvironment: false,
  }),
  nbgraderSandbox: setting<boolean>({
    name: "DL4DS_NBGRADER_SANDBOX", kind: onOff, fallback: true, defaultText: "1",
    description: "0: nbgrader's autograde runs the dl4ds kernel without the bubblewrap sandbox (trusted work only).",
    audience: "instructor", readBy: ["hub/config/common/nbgrader_config.py"], sandboxEnvironment: false,
  }),
  nbgraderMemoryMb: setting<number>({
    name: "DL4DS_NBGRADER_MEMORY_MB", kind: positiveNumber, fallback: 4096, defaultText: "4096",
    description: "The kernel's heap when nbgrader autogrades in the sandbox (its address space gets 4096 MB more).",
    audience: "instructor", readBy: ["src/grading/python/nbgrader_sandbox.py"], sandboxEnvironment: false,
  }),
  grading: setting<boolean>({
    name: "DL4DS_GRADING", kind: onOff, fallback: false, defaultText: "0",
    description: "1 in a kernel that `dl4ds grade` runs: figures send only their spec and description.",
    audience: "grader", readBy: ["src/figures/render/bundleMode.ts"], sandboxEnvironment: false,
  }),
  gradingFigures: setting<"spec" | "full">({
    name: "DL4DS_GRADING_FIGURES", kind: oneOf("spec", "full"), fallback: "spec", defaultText: "spec",
    description: "full in a graded kernel: figures render SVG/PNG/HTML anyway (`dl4ds grade --full-figures`).",
    audience: "grader", readBy: ["src/figures/render/bundleMode.ts"], sandboxEnvironment: false,
  }),
  figures: setting<"spec" | undefined>({
    name: "DL4DS_FIGURES", kind: oneOf("spec"), fallback: undefined, defaultText: "unset: SVG/PNG/HTML beside the spec",
    description: "spec: figures always send only their spec and description (the browser kernel sets it: JupyterLite draws the specs).",
    audience: "internal", readBy: ["src/figures/render/bundleMode.ts", "lite/shims/process.ts"], sandboxEnvironment: false,
  }),
  kernelRebuild: setting<boolean>({
    name: "DL4DS_KERNEL_REBUILD", kind: onOff, fallback: true, defaultText: "1",
    description: "0: the kernel does not rebuild an outdated dist/ at start (the grader sets it: dist/ is read-only in the sandbox).",
    audience: "grader", readBy: ["src/kernel/main.ts"], sandboxEnvironment: false,
  }),
  snapshotRoot: setting<string | undefined>({
    name: "DL4DS_SNAPSHOT_ROOT", kind: filePath, fallback: undefined, defaultText: "unset",
    description: "The project root, given to the snapshot builder (a snapshot entry may require only Node's built-in modules).",
    audience: "internal", readBy: ["src/kernel/snapshot/builder.ts"], sandboxEnvironment: false,
  }),
  tfSource: setting<"official" | "pypi">({
    name: "DL4DS_TF_SOURCE", kind: oneOf("official", "pypi"), fallback: "official", defaultText: "official",
    description: "pypi: set-up takes libtensorflow from PyPI's tensorflow-cpu wheel without trying the official download.",
    audience: "setup", readBy: ["scripts/setup.mjs"], sandboxEnvironment: false,
  }),
  skipVenv: setting<boolean>({
    name: "DL4DS_SKIP_VENV", kind: onOff, fallback: false, defaultText: "0",
    description: "1: set-up does not create or update .venv.",
    audience: "setup", readBy: ["scripts/setup.mjs"], sandboxEnvironment: false,
  }),
  skipBrowser: setting<boolean>({
    name: "DL4DS_SKIP_BROWSER", kind: onOff, fallback: false, defaultText: "0",
    description: "1: set-up does not install Debian's chromium (the browser tests need it).",
    audience: "setup", readBy: ["scripts/setup.mjs"], sandboxEnvironment: false,
  }),
  skipBwrap: setting<boolean>({
    name: "DL4DS_SKIP_BWRAP", kind: onOff, fallback: false, defaultText: "0",
    description: "1: set-up does not install bubblewrap (grading needs it unless --no-sandbox).",
    audience: "setup", readBy: ["scripts/setup.mjs"], sandboxEnvironment: false,
  }),
  skipLite: setting<boolean>({
    name: "DL4DS_SKIP_LITE", kind: onOff, fallback: false, defaultText: "0",
    description: "1: `npm test`'s set-up does not build the JupyterLite site (the browser-kernel test then fails with a message).",
    audience: "setup", readBy: ["scripts/setup.mjs"], sandboxEnvironment: false,
  }),
  liteMinify: setting<boolean>({
    name: "DL4DS_LITE_MINIFY", kind: onOff, fallback: true, defaultText: "1",
    description: "0: `npm run lite` writes the browser kernel's bundles unminified (readable stack traces while debugging).",
    audience: "setup", readBy: ["scripts/lite/bundle.mjs"], sandboxEnvironment: false,
  }),
  testGpuBuild: setting<boolean>({
    name: "DL4DS_TEST_GPU_BUILD", kind: onOff, fallback: false, defaultText: "0",
    description: "1: `npm test` also runs tests/gpu (downloads the GPU build, about 2.3 GB).",
    audience: "tests", readBy: ["vitest.config.ts"], sandboxEnvironment: false,
  }),
  e2eDebug: setting<boolean>({
    name: "DL4DS_E2E_DEBUG", kind: onOff, fallback: false, defaultText: "0",
    description: "1: the browser lesson test prints each lesson's timings.",
    audience: "tests", readBy: ["tests/browser/lessons.test.ts"], sandboxEnvironment: false,
  }),
  testLiteAll: setting<boolean>({
    name: "DL4DS_TEST_LITE_ALL", kind: onOff, fallback: false, defaultText: "0",
    description: "1: the browser-kernel test also runs lessons 18.2-18.4 in JupyterLite (18.1 always runs).",
    audience: "tests", readBy: ["tests/browser/lite.test.ts"], sandboxEnvironment: false,
  }),
  hubState: setting<string | undefined>({
    name: "DL4DS_HUB_STATE", kind: filePath, fallback: undefined, defaultText: "unset: <project>/.hub",
    description: "`dl4ds hub` passes it to JupyterHub: the trial hub's state: its database, users' homes, the exchange, the released notebooks.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubPort: setting<number>({
    name: "DL4DS_HUB_PORT", kind: positiveNumber, fallback: 8000, defaultText: "8000",
    description: "`dl4ds hub` passes it to JupyterHub: the port the trial hub listens on (127.0.0.1).",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubApiPort: setting<number>({
    name: "DL4DS_HUB_API_PORT", kind: positiveNumber, fallback: 8081, defaultText: "8081",
    description: "`dl4ds hub` passes it to JupyterHub: the hub's internal API port.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubProxyApiPort: setting<number>({
    name: "DL4DS_HUB_PROXY_API_PORT", kind: positiveNumber, fallback: 8001, defaultText: "8001",
    description: "`dl4ds hub` passes it to JupyterHub: the proxy's API port.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubInstructors: setting<string | undefined>({
    name: "DL4DS_HUB_INSTRUCTORS", kind: text, fallback: undefined, defaultText: "instructor",
    description: "`dl4ds hub` passes it to JupyterHub: comma-separated user names that log in with the admin password and get nbgrader's instructor tools.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubUserPassword: setting<string | undefined>({
    name: "DL4DS_HUB_USER_PASSWORD", kind: text, fallback: undefined, defaultText: "random, kept in <state>/passwords.json",
    description: "`dl4ds hub` passes it to JupyterHub: the students' shared password.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubAdminPassword: setting<string | undefined>({
    name: "DL4DS_HUB_ADMIN_PASSWORD", kind: text, fallback: undefined, defaultText: "random, kept in <state>/passwords.json",
    description: "`dl4ds hub` passes it to JupyterHub: the instructors' shared password.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubRelease: setting<string | undefined>({
    name: "DL4DS_HUB_RELEASE", kind: filePath, fallback: undefined, defaultText: "unset: $DL4DS_HUB_STATE/release",
    description: "`dl4ds hub` passes it to JupyterHub: the released (student) notebooks each new user's home starts with.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubSource: setting<string | undefined>({
    name: "DL4DS_HUB_SOURCE", kind: filePath, fallback: undefined, defaultText: "unset: <project>/notebooks",
    description: "`dl4ds hub` passes it to JupyterHub: the instructor notebooks the instructors' homes start with.",
    audience: "internal", readBy: ["hub/jupyterhub_config.py", "src/cli/commands/hub.ts"], sandboxEnvironment: false,
  }),
  hubTestMark: setting<string | undefined>({
    name: "DL4DS_HUB_TEST_MARK", kind: text, fallback: undefined, defaultText: "unset",
    description: "Set by the hub test on the processes it starts, so that it can find and stop every one of them.",
    audience: "tests", readBy: ["tests/hub/harness.ts"], sandboxEnvironment: false,
  }),
  hubTestKeep: setting<boolean>({
    name: "DL4DS_HUB_TEST_KEEP", kind: onOff, fallback: false, defaultText: "0",
    description: "1: the hub test keeps its state folder (homes, exchange, logs) for inspection.",
    audience: "tests", readBy: ["tests/hub/hub.test.ts"], sandboxEnvironment: false,
  }),
  lessonsFilter: setting<string | undefined>({
    name: "DL4DS_LESSONS", kind: text, fallback: undefined, defaultText: "unset: every lesson",
    description: "Comma-separated name prefixes (e.g. `18.`): the executed-lessons test runs only the matching lessons.",
    audience: "tests", readBy: ["tests/notebooks/lessons.test.ts"], sandboxEnvironment: false,
  }),
};

/** The property names of `config`. */
export type SettingKey = keyof typeof SETTINGS;

/** Names that look like settings but are not (a line the notebook runner prints; a secret the grader's
 *  environment holds in tests/grading/sandbox-limits.test.ts, which must not reach the graded kernel). */
export const NOT_SETTINGS = ["DL4DS_KERNEL_PGID", "DL4DS_SECRET_TOKEN"];
