"""The kinds of object Blaxel's API serves, each declared once: the word for one, its routes, its model.

Every kind of the vendored spec has the same shape on the wire (``metadata`` with ``name`` and ``labels``,
``spec``, mostly ``status`` and ``events``) and the same routes (``GET``/``POST`` on its collection,
``GET``/``PUT``/``DELETE`` on ``{collection}/{name}``), so one client serves them all:
:meth:`~blaxel_pulumi.api.client.BlaxelClient.get` and the calls beside it take an :class:`ApiKind`. A new
kind is one more declaration here, with its wire model in :mod:`blaxel_pulumi.api.models`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.wire import read_object

__all__ = ["JOBS", "ApiKind"]


_O = TypeVar("_O", bound=BaseModel)


@dataclass(frozen=True)
class ApiKind(Generic[_O]):
    """One kind of object of Blaxel's API.

    Args:
        word: How one is named in messages and in Blaxel's CLI (``job``: "Job 'etl' ...", ``bl get job``).
        collection: The path of its collection under the API's base URL (``/jobs``).
        model: Its wire model (a :class:`~pydantic.BaseModel` with ``metadata``, ``spec``, ``status`` and
            ``events``).
    """

    word: str
    collection: str
    model: type[_O]

    @property
    def title(self) -> str:
        """The word that starts a sentence about one object (``Job``)."""
        return self.word[:1].upper() + self.word[1:]

    def path(self, name: str) -> str:
        """The path of object ``name`` (quoted: a name is never read as a path of its own).

        Raises:
            ValueError: ``name`` is empty.
        """
        if not name:
            raise ValueError(f"A {self.word} name is required.")
        return f"{self.collection}/{quote(name, safe='')}"

    def read(self, data: Any) -> _O:
        """One object from a response body, read leniently (see :func:`~blaxel_pulumi.api.wire.read_object`).

        Raises:
            ValueError: ``data`` is no object of any kind (no ``metadata.name``); the message says why.
        """
        return read_object(self.model, data)


JOBS: ApiKind[Job] = ApiKind("job", "/jobs", Job)
"""Batch jobs."""
