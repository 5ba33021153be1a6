"""Generated package: Pydantic models and repositories for the noema database."""
