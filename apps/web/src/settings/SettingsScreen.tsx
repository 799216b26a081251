import { useMemo, useState } from 'react';
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Radio, RadioGroup, Text } from 'react-aria-components';
import { isTimeZone, useI18n } from '../i18n/i18n';
import { LANGUAGES, type Language } from '../i18n/messages';

/** Language of the interface and the time zone dates are shown in; both apply at once and are kept in this browser. */
export function SettingsScreen() {
  const { t, language, timeZone, setSettings } = useI18n();
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone').map((name) => ({ id: name, name })), []);
  const [zoneInput, setZoneInput] = useState(timeZone);
  return (
    <section aria-labelledby="settings-title" className="narrow">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <RadioGroup value={language} onChange={(value) => setSettings({ language: value as Language, timeZone })}>
        <Label>{t('settings.language')}</Label>
        {LANGUAGES.map((lang) => (
          <Radio key={lang} value={lang} lang={lang}>
            {t(`language.${lang}`)}
          </Radio>
        ))}
      </RadioGroup>
      <ComboBox
        items={zones}
        inputValue={zoneInput}
        onInputChange={setZoneInput}
        selectedKey={timeZone}
        onSelectionChange={(key) => {
          if (typeof key === 'string' && isTimeZone(key)) setSettings({ language, timeZone: key });
        }}
        menuTrigger="focus"
      >
        <Label>{t('settings.timeZone')}</Label>
        <div className="combo">
          <Input dir="ltr" />
          <Button aria-label={t('settings.timeZone')}>▾</Button>
        </div>
        <Text slot="description">{t('settings.timeZone.help')}</Text>
        <Popover>
          <ListBox>{(zone: { id: string; name: string }) => <ListBoxItem>{zone.name}</ListBoxItem>}</ListBox>
        </Popover>
      </ComboBox>
    </section>
  );
}
