from kefu.cli import main

raise SystemExit(main())
