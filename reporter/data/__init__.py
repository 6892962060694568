"""The data layer: models, YAML source with line marks, loader, schema, YAML writer, area catalogues."""
