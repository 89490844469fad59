#!/bin/sh
# The image's entrypoint: gives a new home the released lessons (a home on a persistent volume
# starts empty and hides what the image put there), then runs the command (JupyterLab, or
# jupyterhub-singleuser when a hub starts it).
set -e
if [ ! -e "$HOME/lessons" ] && [ -d /opt/dl4ds/release ]; then
  cp -r /opt/dl4ds/release "$HOME/lessons"
fi
exec "$@"
