from thidua_desktop.cli import main

raise SystemExit(main())
