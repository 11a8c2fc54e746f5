"""Worker processes for the heavy runs: a run stopped early ends them and returns at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

STOPPED_WHILE_A_RESULT_IS_SENT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from perflint.pool import mapper

    def large_result(marker):
        Path(marker).touch()
        time.sleep(1)
        return b"x" * 10_000_000  # far more than a pipe holds: the worker is halfway through sending it

    if __name__ == "__main__":
        marker = Path(sys.argv[1])
        try:
            with mapper(2, [0, 1]) as run:
                results = run(large_result, [str(marker), str(marker)])
                while not marker.exists():
                    time.sleep(0.01)
                sys.setswitchinterval(60)  # this thread keeps the interpreter: nothing reads the results
                busy_until = time.monotonic() + 3
                while time.monotonic() < busy_until:
                    pass
                raise KeyboardInterrupt
        except KeyboardInterrupt:
            print("stopped")
    """
)


def test_stopping_while_a_worker_sends_its_result_ends_the_run(tmp_path: Path) -> None:
    script = tmp_path / "stop.py"
    script.write_text(STOPPED_WHILE_A_RESULT_IS_SENT)
    run = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "started")], capture_output=True, text=True, timeout=60
    )
    assert run.stdout == "stopped\n", run.stderr
