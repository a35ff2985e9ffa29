"""Council Improvement Profiles: `python build.py --help`."""

from councilprofiles.cli import main

if __name__ == "__main__":
    main()
