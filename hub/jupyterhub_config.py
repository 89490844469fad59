"""JupyterHub for the dl4ds lessons, on one machine (`npm run hub`; docs/course.md).

The real JupyterHub and configurable-http-proxy, bound to 127.0.0.1, with
- SharedPasswordAuthenticator (JupyterHub's "dummy" login): the instructors in DL4DS_HUB_INSTRUCTORS
  log in with DL4DS_HUB_ADMIN_PASSWORD and are hub admins; anyone else with DL4DS_HUB_USER_PASSWORD;
- SimpleLocalProcessSpawner: every user's JupyterLab runs as the hub's own Unix user, with its own
  home folder under $DL4DS_HUB_STATE/homes (no isolation between users: a trial, not production);
- each home gets the lessons on first start (instructors: the source notebooks as `course/source/`
  for nbgrader; students: the released notebooks in `lessons/`) and a `node_modules` link to the
  project's, so `import ... from "dl4ds-diffusion"` resolves; the dl4ds kernel is the .venv's;
- nbgrader's exchange in $DL4DS_HUB_STATE/exchange, a folder every user's server can write
  (hub/nbgrader_config.py); instructors see the Formgrader, students only the Assignments tab.

Environment (set by `dl4ds hub`): DL4DS_HUB_STATE, DL4DS_HUB_PORT, DL4DS_HUB_API_PORT,
DL4DS_HUB_PROXY_API_PORT, DL4DS_HUB_USER_PASSWORD, DL4DS_HUB_ADMIN_PASSWORD,
DL4DS_HUB_INSTRUCTORS (comma-separated, default "instructor"), DL4DS_HUB_RELEASE (the released
notebooks, from `dl4ds assign`), DL4DS_HUB_SOURCE (the instructor notebooks, default notebooks/).
"""
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub)

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
VENV_BIN = Path(sys.executable).parent


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise SystemExit(f"hub/jupyterhub_config.py: set {name} (start the hub with `npm run hub`, which sets it)")
    return value


STATE = Path(env("DL4DS_HUB_STATE", str(PROJECT / ".hub"))).resolve()
PORT = int(env("DL4DS_HUB_PORT", "8000"))
INSTRUCTORS = {u.strip() for u in env("DL4DS_HUB_INSTRUCTORS", "instructor").split(",") if u.strip()}
RELEASE = Path(env("DL4DS_HUB_RELEASE", str(STATE / "release")))
SOURCE = Path(env("DL4DS_HUB_SOURCE", str(PROJECT / "notebooks")))
EXCHANGE = STATE / "exchange"
for folder in (STATE, STATE / "homes", EXCHANGE):
    folder.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o777)  # nbgrader's exchange: every user writes into it

# -- the hub and its proxy, on loopback only ---------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{int(env('DL4DS_HUB_API_PORT', '8081'))}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(env('DL4DS_HUB_PROXY_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.command = [str(PROJECT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server

# -- log-in: one shared password for students, another for the instructors --------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env("DL4DS_HUB_USER_PASSWORD")
c.SharedPasswordAuthenticator.admin_password = env("DL4DS_HUB_ADMIN_PASSWORD")
c.Authenticator.admin_users = INSTRUCTORS
c.Authenticator.allow_all = True

# -- every user's JupyterLab -------------------------------------------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
# Stopping: a server gets SIGINT (it shuts its kernels down and exits), SIGTERM if it is still there
# 10 s later, SIGKILL 10 s after that. JupyterHub's 30 s + 30 s lets a hub stop take over a minute
# on a busy machine; this bounds it at about 25 s.
c.Spawner.interrupt_timeout = 10
c.Spawner.term_timeout = 10
if os.getuid() == 0:
    c.Spawner.args = ["--allow-root"]  # the trial runs every server as the hub's user


def prepare_home(spawner):
    """First start: the lessons, the node_modules link, and the user's view (instructor or student)."""
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    link = home / "node_modules"
    if not link.exists():
        link.symlink_to(PROJECT / "node_modules", target_is_directory=True)
    instructor = spawner.user.name in INSTRUCTORS
    if instructor:
        # nbgrader's course folder: one assignment per lesson, course/source/<lesson>/<lesson>.ipynb.
        for notebook in sorted(SOURCE.glob("*.ipynb")):
            target = home / "course" / "source" / notebook.stem / notebook.name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(notebook, target)
    else:
        target = home / "lessons"
        if not target.exists() and RELEASE.is_dir():
            shutil.copytree(RELEASE, target, ignore=shutil.ignore_patterns(".*"))
    config = [str(HERE / "config" / "common")]
    if not instructor:
        config.insert(0, str(HERE / "config" / "student"))
    spawner.environment = {
        **spawner.environment,
        **{
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "JUPYTER_CONFIG_PATH": os.pathsep.join(config),
            "DL4DS_HUB_STATE": str(STATE),
            "DL4DS_EXCHANGE_ROOT": str(EXCHANGE),
            "DL4DS_COURSE_ROOT": str(home / "course") if instructor else "",
            # nbgrader's exchange names a submission after the Unix user unless told the student id;
            # every server here runs as one Unix user, so it is told the hub's user name.
            "DL4DS_STUDENT_ID": "" if instructor else spawner.user.name,
            "DL4DS_PROJECT": str(PROJECT),
        },
    }


c.Spawner.pre_spawn_hook = prepare_home
