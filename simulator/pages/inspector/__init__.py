"""The inspector: server-rendered pages under `/_sim/ui` to see and drive one world in a
browser (access.py says who may). One module per page; every action calls the world operation
the control plane's route for it calls, validated by the same body model."""
