"""An example infralint plugin: rules registered through the ``infralint.rules`` entry points."""
