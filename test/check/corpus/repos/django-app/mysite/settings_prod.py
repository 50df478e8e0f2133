from .settings import *  # noqa

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"] ⟦FP hardcoded-secret⟧
DEBUG = False
