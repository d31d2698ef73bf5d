"""The class server: JupyterHub accounts, authenticator, spawner and the loopback demo.

``deploy/hub/jupyterhub_config.py`` wires these into JupyterHub; ``kefu hub users`` makes
the accounts from the roster; ``make hub`` / ``kefu hub start`` runs the demo
(``deploy/hub/README.md`` explains the design). Modules that need JupyterHub import it
themselves, so the rest of ``kefu`` works without the ``hub`` extra.
"""

from pathlib import Path

#: The hub's Chinese page templates (``c.JupyterHub.template_paths``).
TEMPLATES = Path(__file__).with_name("templates")
