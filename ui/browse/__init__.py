"""The Browse pane: a tree of facets with counts, left of the film list."""
