from meedoen.manage import main

main()
