"""JagDesk: an offline desktop app for Joint Action Groups."""

__version__ = "0.1.0"
APP_NAME = "JagDesk"
