"""One module per `survey` subcommand; each exposes `run(project, …) -> int` (the exit code)."""
