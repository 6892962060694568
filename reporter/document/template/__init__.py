"""Building the default Word templates from the house style: styles, body XML, package clean-up."""
