"""JupyterHub configuration of the course's class server (deploy/hub/README.md explains it).

Every machine-specific value (addresses, ports, folders, the gradebook URL) comes from the
settings file that ``KEFU_HUB_SETTINGS`` names (kefu/hub/settings.py; ``kefu hub start``
writes it for the loopback demo). Run as root: each user's server runs as their own unix user.
"""

import os
import sys
from pathlib import Path

from kefu import lab
from kefu.hub import TEMPLATES
from kefu.hub.settings import HubSettings, default_state_dir

settings = HubSettings.load(os.environ.get("KEFU_HUB_SETTINGS")
                            or default_state_dir() / "settings.json")

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file

# -- network: the public address (127.0.0.1 for the demo), the hub and the proxy's API on loopback
c.JupyterHub.ip = settings.ip
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
# configurable-http-proxy from the npm registry, pinned in deploy/hub/package-lock.json
c.ConfigurableHTTPProxy.command = [settings.proxy_command]

# -- the hub's own state (users, tokens, cookies) in the state folder
c.JupyterHub.db_url = f"sqlite:///{settings.path('jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = str(settings.path("jupyterhub_cookie_secret"))
c.JupyterHub.template_paths = [str(TEMPLATES)]
c.JupyterHub.shutdown_on_logout = False
c.JupyterHub.cleanup_servers = True

# -- accounts: only those made by `kefu hub users`; first login forces a new password
c.JupyterHub.authenticator_class = "kefu.hub.authenticator.KefuAuthenticator"
c.KefuAuthenticator.accounts_file = str(settings.accounts_file)
formgraders = ["formgrader" if i == 0 else f"formgrader-{course_id}"
               for i, course_id in enumerate(settings.course_ids)]
c.KefuAuthenticator.grader_services = formgraders[:1]

# -- each user's JupyterLab: their own unix user, the class edition of the course, in Chinese
c.JupyterHub.spawner_class = "kefu.hub.spawner.KefuSpawner"
c.KefuSpawner.accounts_file = str(settings.accounts_file)
# Each student's server gets their own variant key (derived from the class secret in the
# course root) and their own answer keys, never the secret itself (kefu/hub/spawner.py).
c.KefuSpawner.course_root = str(settings.course)
c.KefuSpawner.answer_keys_dir = str(settings.answer_keys)
c.KefuSpawner.builder_python = str(settings.teacher_python or sys.executable)
c.KefuSpawner.builder_log = str(settings.path("logs", "answerkeys.log"))
# The course root is the grader account's: the hub (root) never loads its configuration.
c.KefuSpawner.grader_user = settings.grader_user
c.KefuSpawner.grader_python = settings.grader_python
c.Spawner.cmd = [str(settings.singleuser_env / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# Nothing of the hub's own environment (the teacher's PATH, secrets) reaches a student.
c.Spawner.env_keep = []
c.Spawner.environment = {
    "PATH": f"{settings.singleuser_env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "PYTHONNOUSERSITE": "1",
}
# JupyterLab's first start is slow on a small machine with many students at once.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

# -- the Formgrader: a hub-managed `jupyter server` with nbgrader's formgrader, in the
#    course root, reachable by the kefu-grader role only (teachers and TAs; kefu/hub/authenticator.py).
#    It runs as the grader account that owns the course root, never as root: whatever a
#    grader writes there (nbgrader_config.py included) is only ever run by that account.
formgrader_home = settings.path("formgrader-home")  # the grader's (runtime files)
# Its Jupyter settings: root's, read-only for the grader (root never writes in the grader's home).
formgrader_env = lab.environment(settings.path("formgrader-config"), instructor=True)
# jupyter_core's one-time migration marker: present, so the grader never needs to write here.
(Path(formgrader_env["JUPYTER_CONFIG_DIR"]) / "migrated").touch()
grader_python = settings.grader_python or sys.executable
c.JupyterHub.services = [{
    "name": formgraders[0],
    "display": True,
    "url": f"http://127.0.0.1:{settings.formgrader_port}",
    "user": settings.grader_user,
    "command": [grader_python, "-m", "jupyterhub.singleuser",
                f"--ServerApp.root_dir={settings.course}",
                "--ServerApp.default_url=/formgrader",
                # Graders grade; they get no shell and no kernel in this server.
                "--ServerApp.terminals_enabled=False",
                "--ServerApp.kernel_spec_manager_class=kefu.hub.nokernels.NoKernelSpecs"],
    "cwd": str(settings.course),
    "oauth_no_confirm": True,
    "environment": {
        "PATH": f"{Path(grader_python).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(formgrader_home),
        "KEFU_COURSE": str(settings.course),
        "JUPYTER_CONFIG_DIR": formgrader_env["JUPYTER_CONFIG_DIR"],
        "JUPYTERLAB_SETTINGS_DIR": formgrader_env["JUPYTERLAB_SETTINGS_DIR"],
        "LANG": "C.UTF-8",
    },
}]
