"""Print the third-party requirements of every service's pyproject.toml.

Services are Django projects run from their own folders, not installed
packages (each has a top-level ``config``), so only what they need is installed.
"""

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = {"tts-common"}


def requirements() -> list[str]:
    found: list[str] = []
    for pyproject in sorted((ROOT / "services").glob("*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text())["project"]
        if project["name"] in LOCAL:
            continue
        for requirement in project.get("dependencies", []) + project.get("optional-dependencies", {}).get("test", []):
            if requirement.split("[")[0].split(">")[0].split("=")[0].strip() not in LOCAL and requirement not in found:
                found.append(requirement)
    return found


if __name__ == "__main__":
    sys.stdout.write("\n".join(requirements()) + "\n")
