from infralint.cli import main

main()
