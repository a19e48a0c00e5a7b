"""Dockerfile and .dockerignore, read statically (no Docker engine on this machine)."""

import json
import re
import shlex
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Inside the container daphne must listen on every interface for the proxy to reach it.
DAPHNE = ["daphne", "--proxy-headers", "-b", "0.0.0.0", "-p", "8000", "backend.asgi:application"]  # noqa: S104


def parse_dockerfile(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions, pending = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
        pending = ""
    assert not pending, "Dockerfile ends inside a continued line"
    return instructions


def split_stages(instructions) -> list[dict]:
    stages = []
    for keyword, arguments in instructions:
        if keyword == "FROM":
            words = arguments.split()
            alias = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append({"image": words[0], "alias": alias, "steps": []})
        else:
            assert stages, f"{keyword} before the first FROM"
            stages[-1]["steps"].append((keyword, arguments))
    return stages


def steps(stage, keyword: str) -> list[str]:
    return [arguments for found, arguments in stage["steps"] if found == keyword]


@pytest.fixture(scope="module")
def instructions():
    return parse_dockerfile((REPO / "Dockerfile").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stages(instructions):
    return split_stages(instructions)


@pytest.fixture(scope="module")
def assets(stages):
    (stage,) = [stage for stage in stages if stage["image"].startswith("node:")]
    return stage


@pytest.fixture(scope="module")
def runtime(stages):
    return stages[-1]


def test_is_multi_stage_node_then_python(stages, assets, runtime):
    assert len(stages) >= 2
    assert assets["alias"], "the node stage needs a name for COPY --from"
    assert re.fullmatch(r"python:3\.1[23]-slim", runtime["image"]), runtime["image"]


def test_node_stage_builds_the_front_end(assets):
    runs = steps(assets, "RUN")
    assert any(run.startswith("npm ci --prefix frontend") for run in runs), runs
    assert "npm run build --prefix frontend" in runs
    # The lockfile is copied before `npm ci`, so the install layer is cached.
    first_copy = steps(assets, "COPY")[0]
    assert "frontend/package.json" in first_copy
    assert "frontend/package-lock.json" in first_copy


def test_runtime_installs_the_pinned_requirements(runtime):
    assert "pip install -r requirements/base.txt" in steps(runtime, "RUN")


def test_runtime_copies_the_built_assets(assets, runtime):
    copies = [c for c in steps(runtime, "COPY") if c.startswith(f"--from={assets['alias']} ")]
    assert copies == ["--from=assets /src/frontend/static/dist/ frontend/static/dist/"]


def test_collectstatic_runs_with_a_throwaway_secret(runtime):
    (run,) = [run for run in steps(runtime, "RUN") if "collectstatic" in run]
    words = shlex.split(run)
    assert words[-4:] == ["python", "manage.py", "collectstatic", "--noinput"]
    assignments = dict(word.split("=", 1) for word in words[:-4])
    assert assignments["GROUNDSWELL_ENV"] == "production"  # the manifest storage of production
    assert assignments["SECRET_KEY"]
    # Collected after the assets are in place.
    position = runtime["steps"].index(("RUN", run))
    assert any(
        keyword == "COPY" and arguments.startswith("--from=")
        for keyword, arguments in runtime["steps"][:position]
    )


def test_no_secret_is_baked_into_the_image(instructions):
    for keyword, arguments in instructions:
        if keyword in ("ENV", "ARG"):
            assert "SECRET_KEY" not in arguments
            assert "PASSWORD" not in arguments


def test_runs_as_a_non_root_user(runtime):
    users = steps(runtime, "USER")
    assert users, "the runtime stage never leaves root"
    assert users[-1].split(":")[0] not in ("root", "0")
    assert any("useradd" in run and users[-1] in run for run in steps(runtime, "RUN"))
    keywords = [keyword for keyword, _ in runtime["steps"]]
    assert keywords.index("USER") < keywords.index("CMD")


def test_exposes_the_daphne_port(runtime):
    assert steps(runtime, "EXPOSE") == ["8000"]


def test_healthcheck_asks_healthz(runtime):
    (healthcheck,) = steps(runtime, "HEALTHCHECK")
    options, _, command = healthcheck.partition(" CMD ")
    assert json.loads(command) == [
        "python",
        "deploy/healthcheck.py",
        "http://127.0.0.1:8000/healthz",
    ]
    assert "--interval=" in options and "--timeout=" in options
    assert (REPO / "deploy" / "healthcheck.py").is_file()


def test_default_command_is_daphne(runtime):
    (cmd,) = steps(runtime, "CMD")
    assert json.loads(cmd) == DAPHNE  # exec form: daphne is PID 1's child and gets signals


# --- .dockerignore -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ignored() -> set[str]:
    text = (REPO / ".dockerignore").read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"}


@pytest.mark.parametrize(
    "pattern", [".env", ".git", ".venv", "**/node_modules", "frontend/static/dist", "staticfiles"]
)
def test_build_context_leaves_out_secrets_and_local_state(ignored, pattern):
    assert pattern in ignored


@pytest.mark.parametrize(
    "needed", ["manage.py", "backend", "requirements", "frontend", "deploy", "accounts", "ideas"]
)
def test_build_context_keeps_what_the_image_needs(ignored, needed):
    excluding = {needed, f"{needed}/", f"{needed}/**", f"**/{needed}", "*", "**"}
    assert ignored.isdisjoint(excluding), ignored & excluding
