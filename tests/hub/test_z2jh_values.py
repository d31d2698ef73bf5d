"""deploy/hub/z2jh-values.yaml says what deploy/hub/jupyterhub_config.py says.

The values file is for a cluster this project cannot run here; this test keeps it from
drifting: it parses, its Python snippets compile, and every setting it shares with the
single-server configuration has the same value. No student pod gets the class secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

from kefu.hub.settings import DEPLOY, HubSettings

VALUES = DEPLOY / "z2jh-values.yaml"


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text("utf-8"))


@pytest.fixture
def hub_config(tmp_path, monkeypatch) -> Config:
    """What jupyterhub_config.py sets, loaded with a settings file of its own."""
    settings = HubSettings(state_dir=str(tmp_path))
    monkeypatch.setenv("KEFU_HUB_SETTINGS", str(settings.save()))
    config = Config()
    code = (DEPLOY / "jupyterhub_config.py").read_text("utf-8")
    exec(compile(code, "jupyterhub_config.py", "exec"), {"get_config": lambda: config,  # noqa: S102
                                                          "__file__": str(DEPLOY / "x")})
    return config


def test_the_values_parse_and_their_snippets_compile(values):
    assert set(values) >= {"hub", "proxy", "singleuser"}
    for name, code in values["hub"]["extraConfig"].items():
        compile(code, name, "exec")


def test_the_cluster_gets_the_single_server_s_settings(values, hub_config):
    hub = values["hub"]["config"]
    c = hub_config
    assert hub["JupyterHub"]["authenticator_class"] == c.JupyterHub.authenticator_class
    for key in ("shutdown_on_logout", "cleanup_servers"):
        assert hub["JupyterHub"][key] == c.JupyterHub[key]
    assert hub["KefuAuthenticator"]["grader_services"] == c.KefuAuthenticator.grader_services
    for key in ("default_url", "start_timeout", "http_timeout", "env_keep"):
        assert hub["Spawner"][key] == c.Spawner[key], key
    assert values["singleuser"]["defaultUrl"] == c.Spawner.default_url
    single = values["singleuser"]["extraEnv"]
    for key in ("LANG", "PYTHONNOUSERSITE"):
        assert single[key] == c.Spawner.environment[key]
    # the Formgrader: the same managed service, in the course root, for the graders only
    service = c.JupyterHub.services[0]
    snippet = values["hub"]["extraConfig"]["kefu-formgrader.py"]
    assert f'"name": "{service["name"]}"' in snippet
    assert '"oauth_no_confirm": True' in snippet and service["oauth_no_confirm"] is True
    for flag in service["command"][1:]:
        if flag.startswith("--ServerApp.") and "root_dir" not in flag:
            assert f'"{flag}"' in snippet, flag  # default_url, no terminals, no kernels


def test_no_student_pod_gets_the_class_secret(values):
    single = values["singleuser"]
    text = yaml.safe_dump(single)
    assert "classkey" not in text and "KEFU_COURSE_SECRET" not in text
    assert "kefu-class-secret" in yaml.safe_dump(values["hub"]["extraVolumes"])
    identity = values["hub"]["extraConfig"]["kefu-identity.py"]
    # the hub derives each student's key (the spawner's own helper) and drops any secret
    assert "answerkeys.identity(_course, account)" in identity
    assert '"KEFU_COURSE_SECRET"' in identity and "environment.pop" in identity
    assert "c.KubeSpawner.pre_spawn_hook = kefu_identity" in identity


def test_the_readme_names_the_values_file_and_its_status():
    text = (Path(DEPLOY) / "README.md").read_text("utf-8")
    assert "z2jh-values.yaml" in text and "has not been run on a cluster" in text
