-- Format v1's value rules as DuckDB macros, created on the ingest's connection (temporary:
-- nothing of them is stored). ingest/validate.py builds each entity's checks from them.
-- {cpr} stands for ingest/cpr.py's CPR_PATTERN, the one definition of what looks like a CPR
-- number; install_rules puts it in.

-- blank = unknown. trim drops spaces and no-break spaces (Unicode's space separators) but
-- copies every string; a value of ASCII characters only can need it only for a space at an end
create or replace temp macro skp_blank(v) as nullif(
    case when v like ' %' or v like '% ' or strlen(v) <> length(v) then trim(v) else v end, ''
);

-- case, blanks and æ ø å folding, for headers and codes
create or replace temp macro skp_fold(v) as
    replace(replace(replace(lower(trim(v)), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa');

-- DD-MM-YYYY, DD.MM.YYYY or YYYY-MM-DD; null when none of them or no real date
create or replace temp macro skp_date(v) as case
    when regexp_full_match(v, '\d{2}-\d{2}-\d{4}') then cast(try_strptime(v, '%d-%m-%Y') as date)
    when regexp_full_match(v, '\d{2}\.\d{2}\.\d{4}') then cast(try_strptime(v, '%d.%m.%Y') as date)
    when regexp_full_match(v, '\d{4}-\d{2}-\d{2}') then cast(try_strptime(v, '%Y-%m-%d') as date)
end;

-- ja/nej, j/n, 1/0, true/false, x (= ja); anything else unknown
create or replace temp macro skp_bool(v) as case
    when skp_fold(v) in ('ja', 'j', '1', 'true', 'x') then true
    when skp_fold(v) in ('nej', 'n', '0', 'false') then false
end;

create or replace temp macro skp_whole_number(v) as
    case when regexp_full_match(v, '\d{1,9}') then cast(v as bigint) end;

-- citizens: an ANON- alias (any case), or a CPR number DDMMYY-XXXX, DDMMYYXXXX or any other
-- spelling of {cpr}; its ten digits
create or replace temp macro skp_is_alias(v) as upper(v) like 'ANON-%';
create or replace temp macro skp_alias(v) as 'ANON-' || v[6:];
create or replace temp macro skp_cpr_digits(v) as case
    when length(v) between 10 and 19 and regexp_full_match(v, '{cpr}')
        then regexp_replace(v, '[^0-9]', '', 'g')
end;

-- the first CPR-shaped run inside a value (an id a case system built from one), its digits
create or replace temp macro skp_cpr_inside(v) as case
    when length(v) >= 10 and regexp_matches(v, '{cpr}')
        then regexp_replace(regexp_extract(v, '{cpr}'), '[^0-9]', '', 'g')
end;

-- the birth date a CPR number's ten digits encode; the century from the 7th digit:
-- 0-3: 19YY, 4 or 9: 20YY if YY <= 36 else 19YY, 5-8: 20YY if YY <= 57 else 18YY
create or replace temp macro skp_cpr_birth_date(d) as try_cast(
    cast(
        case
            when cast(d[7] as integer) <= 3 then 1900
            when cast(d[7] as integer) in (4, 9)
                then case when cast(d[5:6] as integer) <= 36 then 2000 else 1900 end
            else case when cast(d[5:6] as integer) <= 57 then 2000 else 1800 end
        end + cast(d[5:6] as integer) as varchar
    ) || '-' || d[3:4] || '-' || d[1:2] as date
);

-- odd last digit: a man
create or replace temp macro skp_cpr_gender(d) as
    case when cast(d[10] as integer) % 2 = 1 then 'M' else 'K' end;

-- anything shaped like a CPR number, anywhere in free text, masked (as ingest/cpr.py's mask)
create or replace temp macro skp_mask_cpr(v) as regexp_replace(v, '{cpr}', '[cpr fjernet]', 'g');

-- the keyed pseudonym: HMAC-SHA256(K, m) = H((K ^ opad) || H((K ^ ipad) || m)), hex, shortened
create or replace temp macro skp_pseudonym(m, opad, ipad) as
    'P-' || left(sha256(opad || unhex(sha256(ipad || encode(m)))), 32);

-- an id: as it is, unless a case system built it from a CPR number; then the CPR number in it
-- (the first, in 'F010180-1235-2' as in '010180-1235') becomes its pseudonym
create or replace temp macro skp_id(v, opad, ipad) as case
    when skp_cpr_inside(v) is null then v
    else regexp_extract(v, '^(.*?){cpr}', 1)
        || skp_pseudonym(skp_cpr_inside(v), opad, ipad)
        || regexp_extract(v, '{cpr}(.*)$', 1)
end;
