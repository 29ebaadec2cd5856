package org.messagebank.bench;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The words synthetic messages are made of. Content words are what people search for; none is
 * an English stop word, so PostgreSQL's {@code english} configuration keeps every one of them.
 * Fillers only pad the text.
 */
final class Vocabulary {
    static final List<String> CONTENT = words("""
            boiler leak heating radiator plumber pipe burst water tap toilet drain blocked electric fuse socket
            wiring light power outage roof gutter window door lock locksmith keys alarm security gate garage fence
            garden tree hedge lawn delivery parcel package courier collection invoice payment refund quote estimate
            price bill account balance order booking appointment reschedule cancel cancellation confirm visit
            inspection survey valuation viewing tenancy tenant landlord lease rent deposit contract mortgage
            insurance claim policy accident damage repair replacement warranty guarantee servicing annual
            maintenance engineer technician surveyor solicitor accountant dentist doctor prescription surgery
            clinic patient vet puppy kitten kennel grooming school pupil parent teacher lesson course exam results
            application interview vacancy job reference supplier stock shipment warehouse van vehicle car tyre mot
            breakdown recovery taxi airport flight hotel reservation dinner catering wedding party venue tickets
            meeting conference callback emergency tomorrow morning afternoon evening weekend monday tuesday
            wednesday thursday friday saturday sunday kitchen bathroom bedroom loft cellar basement flat house office
            shop unit building site ceiling wall carpet tiles paint decorating plaster damp mould smell gas noise
            neighbour complaint feedback enquiry question information brochure website email password login
            broadband internet wifi mobile printer computer laptop software backup server network cleaning cleaner
            skip rubbish waste recycling pest mice rats wasps bees flood storm snow frozen cold broken cracked
            missing lost stolen late delayed waiting overdue outstanding unpaid cheque transfer card debit
            statement receipt vat tax payroll pension salary holiday sick absence staff manager director owner
            customer member membership renewal subscription newsletter discount offer sale samples catalogue
            measurements fitting installation solar panels battery charger boilerhouse shower bath sink dishwasher
            washing machine fridge freezer oven hob extractor chimney fireplace log stove thermostat valve meter
            reading supply tariff switch contractor builder scaffolding planning permission extension conservatory
            driveway patio decking paving drainage sewer manhole septic tank asbestos survey certificate safety
            electrician carpenter joiner roofer glazier painter gardener handyman removal storage boxes furniture
            sofa mattress bed wardrobe desk chair curtains blinds flooring laminate parquet skirting doorbell
            intercom cctv camera sensor smoke detector carbon monoxide sprinkler extinguisher fire escape lift
            stairs ramp access parking permit fine penalty court hearing deadline signature documents passport
            visa licence registration renewal cheque postcode address directions map
            """);

    static final List<String> FILLERS = words("""
            please call back asap regarding about the their is has for on with and to wants needs asked urgent
            today soon again when can if possible would like speak someone re urgently about new old still
            """);

    static final List<String> FIRST_NAMES = words("""
            James Oliver Harry Jack George Noah Charlie Jacob Alfie Freddie Thomas Oscar William Joshua Leo
            Amelia Olivia Isla Emily Ava Lily Mia Sophia Isabella Grace Ella Evie Poppy Charlotte Jessica Ruby
            Mohammed Aisha Priya Rahul Wei Chen Siobhan Ciaran Megan Rhys Dylan Eilidh
            """);

    static final List<String> SURNAMES = words("""
            Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White
            Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose Davis
            Rodriguez Cox Alexander Morgan Moore Harris Martin Lee King Baker Hughes Edwards Turner Hill Cooper
            Ward Morris Campbell Kelly Murphy MacDonald Singh Ahmed Ali Young Allen Scott Price Bennett Shaw
            """);

    static final List<String> TRADES = words("""
            Plumbing Heating Electrical Roofing Lettings Estates Dental Vets Motors Builders Glazing Cleaning
            Solicitors Accountants Catering Removals Landscapes Joinery Locksmiths Surveyors
            """);

    private Vocabulary() {
    }

    private static List<String> words(String text) {
        return List.copyOf(new LinkedHashSet<>(Arrays.asList(text.strip().split("\\s+"))));
    }
}
