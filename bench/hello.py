"""A Flask hello-world, served the same way as the app: the server's own limit."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Say hello."""
    return "Hello, World!"
