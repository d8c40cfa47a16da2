#!/usr/bin/env python
from meedoen.manage import main

if __name__ == "__main__":
    main()
