"""infralint's built-in rules. Each module is one rule; its docstring is its documentation.

They are registered through the ``infralint.rules`` entry-point group, exactly like a
third-party plugin (see ``pyproject.toml``)."""
