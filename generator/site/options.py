"""What a site build was asked for: one frozen `SiteOptions`, made once and passed to every step.

`portfolio build` makes it from its command line (`command_options`); plain
`mkdocs build` and `portfolio serve` make it from the plugin's `portfolio:`
settings (`plugin_options`). The build, the freshness stamp and the plugin
all read this one object.

This is the only module of the site that reads the environment:

- `PORTFOLIO_PASSWORD` and `PORTFOLIO_KDF_ITERATIONS` (named and checked
  in generator/encrypt): the password a private build is encrypted with;
- `PORTFOLIO_AUDIENCE` and `PORTFOLIO_CONTENT`: set by `portfolio serve`
  only, because MkDocs loads the configuration (and so the plugin's
  settings) again on every rebuild, out of reach of any object passed in.
  A user may set them for plain `mkdocs` too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from generator.encrypt import EncryptionRequest

SiteAudience = Literal["private", "shared"]
SITE_AUDIENCES: tuple[SiteAudience, ...] = get_args(SiteAudience)

AUDIENCE_ENV = "PORTFOLIO_AUDIENCE"
CONTENT_ENV = "PORTFOLIO_CONTENT"

LOCAL_CONFIG = "mkdocs.yml"
DEFAULT_CONTENT = "content"


class SiteOptionsError(ValueError):
    """An option given through the environment is not one of its values."""


@dataclass(frozen=True)
class SiteOptions:
    """Everything a site build was asked for; paths are absolute."""

    # None: the plugin's `content` setting, relative to mkdocs.yml (a local
    # mkdocs.yml names it; without one, `command_options` gives content/).
    content_dir: Path | None = None
    audience: SiteAudience = "private"
    site_dir: Path | None = None  # None: mkdocs.yml's `site_dir` (site/ with the built-in configuration)
    strict: bool = False  # content and MkDocs warnings are errors
    verbose: bool = False  # MkDocs' progress lines
    packs: bool = True  # recruiter packs in site/pdf
    history: bool = True  # git history on pages
    speedups: bool = True  # generator/site/speedups; off: MkDocs renders as it always does
    encryption: EncryptionRequest | None = None  # the private site's password; never for other audiences

    @property
    def encrypted(self) -> bool:
        return self.encryption is not None

    def content_folder(self, config_dir: Path, configured: str) -> Path:
        """The content folder: the one given, else the plugin's setting relative to mkdocs.yml's folder."""
        return self.content_dir if self.content_dir is not None else config_dir / configured

    def with_plugin_settings(
        self, config_dir: Path, *, content: str, strict: bool, history: bool, packs: bool, speedups: bool
    ) -> SiteOptions:
        """These options under the plugin's settings in mkdocs.yml.

        A setting can name the content folder when none was given, make the
        build strict, and leave out history, packs or speed-ups; the command
        line decides everything else.
        """
        return dataclasses.replace(
            self,
            content_dir=self.content_folder(config_dir, content),
            strict=self.strict or strict,
            history=self.history and history,
            packs=self.packs and packs,
            speedups=self.speedups and speedups,
        )


def command_options(
    *,
    content_dir: Path | None,
    audience: SiteAudience | None,
    site_dir: Path | None,
    strict: bool = False,
    verbose: bool = False,
    packs: bool = True,
    serving: bool = False,
    environ: Mapping[str, str] | None = None,
) -> SiteOptions:
    """The options of `portfolio build` (or `serve`), with the password read once.

    `content_dir` None: the one a local mkdocs.yml names, else content/.
    Raises EncryptionError for a password set but empty or a bad iteration count.
    """
    if content_dir is None and not Path(LOCAL_CONFIG).is_file():
        content_dir = Path(DEFAULT_CONTENT)
    if audience is None:  # not given: the plugin's `audience` in a local mkdocs.yml, else private
        audience = configured_audience(Path(LOCAL_CONFIG)) or "private"
    return SiteOptions(
        content_dir=Path(content_dir).absolute() if content_dir is not None else None,
        audience=audience,
        site_dir=Path(site_dir).absolute() if site_dir is not None else None,
        strict=strict,
        verbose=verbose,
        packs=packs,
        # A live preview is never encrypted.
        encryption=_encryption(audience, environ) if not serving else None,
    )


def plugin_options(
    *,
    config_dir: Path,
    content: str,
    audience: str,
    strict: bool,
    history: bool,
    packs: bool,
    speedups: bool,
    serving: bool,
    environ: Mapping[str, str] | None = None,
) -> SiteOptions:
    """The options of plain `mkdocs` and of `portfolio serve`: the plugin's settings, and the environment's."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(AUDIENCE_ENV) or audience
    if chosen not in SITE_AUDIENCES:
        raise SiteOptionsError(f"{AUDIENCE_ENV} must be `private` or `shared`, not `{chosen}`")
    site_audience: SiteAudience = "private" if chosen == "private" else "shared"
    return SiteOptions(
        content_dir=config_dir / environ.get(CONTENT_ENV, content),
        audience=site_audience,
        strict=strict,
        history=history,
        packs=packs,
        speedups=speedups,
        encryption=_encryption(site_audience, environ) if not serving else None,
    )


def configured_audience(config_file: Path) -> SiteAudience | None:
    """The `audience:` of the portfolio plugin in `config_file`, when it names one.

    Read before MkDocs loads the file (the password, and so the options,
    depend on it).
    """
    config = read_config_leniently(config_file)
    settings = portfolio_settings(config) if config is not None else None
    if settings is None or "audience" not in settings:
        return None
    audience = settings["audience"]
    if audience not in SITE_AUDIENCES:
        # Guessing "private" where MkDocs reads `shared` (an `!ENV` value, say) would build the
        # private site where the shared one was meant; MkDocs itself reports any other value,
        # and gives an empty one its default, as this does.
        from generator.content.diagnostics import PortfolioError

        if isinstance(audience, Unreadable):
            raise PortfolioError(
                f"{config_file}: the portfolio plugin's `audience:` must be written out as `private` or "
                "`shared` (`portfolio` reads it before MkDocs does); or give --audience"
            )
        return None
    return "private" if audience == "private" else "shared"


class Unreadable:
    """A value only MkDocs can read (`!ENV`, `!relative`, `!!python/name:`…), in `read_config_leniently`'s result."""


def read_config_leniently(config_file: Path) -> dict[str, Any] | None:
    """`config_file` as plain YAML, before MkDocs reads it: a tagged value (`!ENV`…) reads as an `Unreadable`.

    None when it cannot be read (MkDocs reports what is wrong with it).
    """
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: Unreadable())
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return config if isinstance(config, dict) else None


def portfolio_settings(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The portfolio plugin's settings in a configuration read by `read_config_leniently`; None without the plugin."""
    plugins = config.get("plugins")
    entries = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    for entry in entries:
        if entry == "portfolio":
            return {}
        settings = entry.get("portfolio", False) if isinstance(entry, dict) else False
        if settings is None or isinstance(settings, dict):
            return settings or {}
    return None


@contextlib.contextmanager
def serve_environment(options: SiteOptions) -> Iterator[None]:
    """Hand `portfolio serve`'s options to every reload of the configuration; restore the environment after."""
    values: dict[str, str] = {AUDIENCE_ENV: options.audience}
    if options.content_dir is not None:
        values[CONTENT_ENV] = str(options.content_dir)
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _encryption(audience: SiteAudience, environ: Mapping[str, str] | None) -> EncryptionRequest | None:
    """Only the private site is encrypted; the shared one is public by design."""
    if audience != "private":
        return None
    # Imported here: `portfolio check` and the rest need no cryptography.
    from generator.encrypt import encryption_from_environment

    return encryption_from_environment(os.environ if environ is None else environ)
