"""`python -m councilprofiles.ofsted.report FILE...`: what the reader makes of reports."""

from .facts import main

main()
