-- A closed wave's answers are exported under its random pseudonyms as the survey CSV's
-- respondent, and the CSV's reader refuses a CPR number in any field. A UUID's hex can
-- hold one (`ab150390-1234`), about one in a thousand: the export was then refused.
-- The pseudonyms given at close are now UUIDs with their digits as letters (g-p, not hex
-- digits, so it stays one-to-one); those already given are renamed the same way.
UPDATE rc_wave_answers a SET pseudonym = translate(a.pseudonym, '0123456789', 'ghijklmnop')
  FROM rc_waves w WHERE w.id = a.wave_id AND w.state = 'closed';
