/** 中文 / English switch; the choice is persisted by `setLanguage`. */
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';

// Each language is named in itself, so these labels are intentionally not translated.
const NATIVE_NAMES: Record<Language, string> = { zh: '中文', en: 'English' };

/** Two buttons, 中文 and English; the active one is pressed. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('topbar.language')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          data-lang={lang}
          aria-pressed={i18n.language === lang}
          className={i18n.language === lang ? 'active' : ''}
          onClick={() => setLanguage(lang)}
        >
          {NATIVE_NAMES[lang]}
        </button>
      ))}
    </div>
  );
}
