from kgcli.main import main

main()
