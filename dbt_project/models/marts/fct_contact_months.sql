-- One row per citizen and calendar month with a held contact: the days of the month with a
-- held contact, and with one held in person, as bits (bit 0 is the 1st, bit 30 the 31st).
-- What any period's contact cadence is checked against (int_contact_months_checked): a
-- national warehouse's 9.2 million contacts are 2.8 million such months, and a period that
-- starts or ends within a month keeps only that month's days it covers.

with

contacts as (
    select * from {{ ref('fct_contacts') }}
),

contact_forms as (
    select * from {{ ref('contact_forms') }}
),

held as (
    select
        contacts.citizen_id,
        cast(date_trunc('month', contacts.contact_date) as date) as month_start,
        cast(1 as integer) << cast(extract(day from contacts.contact_date) - 1 as integer)
            as day_bit,
        coalesce(contact_forms.is_in_person, false) as is_in_person
    from contacts
    left join contact_forms
        on contacts.contact_form = contact_forms.code
    where contacts.is_held
),

final as (
    select
        citizen_id,
        month_start,
        bit_or(day_bit) as held_days,
        coalesce(bit_or(day_bit) filter (where is_in_person), 0) as in_person_days
    from held
    group by citizen_id, month_start
)

select * from final
