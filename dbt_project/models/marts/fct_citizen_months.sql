-- One row per citizen and calendar month in which an episode of theirs runs, up to the data's
-- last day: the days of the month an episode runs, the days with a held contact, and those
-- with one held in person, as bits (bit 0 is the 1st, bit 30 the 31st). What any period's
-- contact cadence is checked against (int_contact_months_checked): a national warehouse's
-- 9.2 million contacts are 2.8 million such months, and a period that starts or ends within a
-- month keeps only that month's days it covers.

with

episodes as (
    select * from {{ ref('stg_forloeb') }}
),

data_span as (
    select * from {{ ref('int_data_span_measured') }}
),

contacts as (
    select * from {{ ref('fct_contacts') }}
),

contact_forms as (
    select * from {{ ref('contact_forms') }}
),

-- each episode from its start to its end, or to the data's last day if that comes first
running as (
    select
        episodes.citizen_id,
        episodes.start_date as run_from,
        least(coalesce(episodes.end_date, data_span.last_day), data_span.last_day) as run_to
    from episodes
    cross join data_span
),

episode_months as (
    select
        citizen_id,
        run_from,
        run_to,
        cast(
            unnest(
                generate_series(
                    date_trunc('month', run_from), date_trunc('month', run_to), interval 1 month
                )
            ) as date
        ) as month_start
    from running
    where run_from <= run_to
),

-- the days an episode runs in each month: from its first day there to its last (bits as
-- macros/days_as_bits.sql writes them)
running_days as (
    select
        citizen_id,
        month_start,
        {{ days_as_bits('month_start', 'run_from', 'run_to') }} as day_bits
    from episode_months
),

held_days as (
    select
        contacts.citizen_id,
        cast(date_trunc('month', contacts.contact_date) as date) as month_start,
        cast(1 as bigint) << cast(extract(day from contacts.contact_date) - 1 as bigint)
            as day_bit,
        coalesce(contact_forms.is_in_person, false) as is_in_person
    from contacts
    left join contact_forms
        on contacts.contact_form = contact_forms.code
    where contacts.is_held
),

-- both kinds of days, each citizen's months together (one pass: cheaper than joining the two
-- once grouped); a month with held contacts but no episode running is left out
days as (
    select
        citizen_id,
        month_start,
        day_bits as running_bits,
        0 as held_bits,
        0 as in_person_bits
    from running_days
    union all
    select
        citizen_id,
        month_start,
        0 as running_bits,
        day_bit as held_bits,
        case when is_in_person then day_bit else 0 end as in_person_bits
    from held_days
),

final as (
    select
        citizen_id,
        month_start,
        bit_or(running_bits) as running_days,
        bit_or(held_bits) as held_days,
        bit_or(in_person_bits) as in_person_days
    from days
    group by citizen_id, month_start
    having bit_or(running_bits) <> 0
)

select * from final
