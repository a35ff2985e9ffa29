"""Load, the pipeline's first stage: content files → a validated model, or every error found,
each with the file, line and column an editor must go to.

`councils` reads `content/` (`load_content`); `yaml_nodes` turns YAML text into nodes that keep
their positions; `to_model` turns nodes into the model's dataclasses; `narrative` turns each
`profile.md` into safe HTML, within the bounds `narrative_limits` sets.
"""
