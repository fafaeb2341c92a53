-- Per period and citizen in contact: the calendar months their episodes ran within the period,
-- up to the data's last day (a month the episode ran part of counts), and whether each had a
-- held contact, and a held contact in person. The quality standard's contact cadence: outreach
-- "once a month or several times a week" (README, "The quality standard followed up").

with

episode_periods as (
    select * from {{ ref('int_episodes_joined_to_periods') }}
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

running as (
    -- the part of each episode within the period and within the data
    select
        episode_periods.period_start,
        episode_periods.period_end,
        episode_periods.citizen_id,
        greatest(episode_periods.start_date, episode_periods.period_start) as run_from,
        least(
            coalesce(episode_periods.end_date, episode_periods.period_end),
            episode_periods.period_end,
            data_span.last_day
        ) as run_to
    from episode_periods
    cross join data_span
),

months as (
    select distinct
        period_start,
        period_end,
        citizen_id,
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

held as (
    select
        contacts.citizen_id,
        contacts.contact_date,
        coalesce(contact_forms.is_in_person, false) as is_in_person
    from contacts
    left join contact_forms
        on contacts.contact_form = contact_forms.code
    where contacts.is_held
),

checked as (
    select
        months.period_start,
        months.period_end,
        months.citizen_id,
        months.month_start,
        count(held.contact_date) > 0 as had_contact,
        coalesce(bool_or(held.is_in_person), false) as had_contact_in_person
    from months
    left join held
        on
            months.citizen_id = held.citizen_id
            and held.contact_date between months.period_start and months.period_end
            and cast(date_trunc('month', held.contact_date) as date) = months.month_start
    group by all
),

final as (
    select
        period_start,
        period_end,
        citizen_id,
        count(*) as months_running,
        count(*) filter (where had_contact) as months_with_contact,
        count(*) filter (where had_contact_in_person) as months_with_contact_in_person,
        case
            when count(*) filter (where had_contact_in_person) = count(*)
                then 'hver_maaned_personligt'
            when count(*) filter (where had_contact) = count(*) then 'hver_maaned'
            else 'ikke_hver_maaned'
        end as contact_cadence
    from checked
    group by period_start, period_end, citizen_id
)

select * from final
